/* libFuzzer harness: a scenario file read and its [set] applied. */
#include "base/error.h"
#include "fuzz_common.h"
#include "inputs/params.h"
#include "inputs/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".ini");
    dr_scenario s;
    dr_error err;
    if (dr_scenario_read(path, &s, &err) != DR_OK)
        return 0;
    dr_params p;
    dr_params_init(&p);
    if (dr_scenario_apply_sets(&s, &p, &err) == DR_OK)
        dr_params_finish(&p, path, &err);
    dr_params_free(&p);
    dr_scenario_free(&s);
    return 0;
}
