/* libFuzzer harness: a model file read, checked and finished. */
#include "base/error.h"
#include "fuzz_common.h"
#include "inputs/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".ini");
    dr_params p;
    dr_error err;
    dr_params_init(&p);
    if (dr_params_read(&p, path, &err) == DR_OK)
        dr_params_finish(&p, path, &err);
    dr_params_free(&p);
    return 0;
}
