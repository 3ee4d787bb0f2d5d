/* libFuzzer harness: fiscal.csv, then projects.csv against the sample
 * counties. Any input must give DR_OK or a clean error, never a crash. */
#include <string.h>

#include "base/error.h"
#include "fuzz_common.h"
#include "inputs/fiscal.h"
#include "inputs/projects.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".csv");
    dr_fiscal f;
    dr_error err;
    if (dr_fiscal_read(path, &f, &err) == DR_OK)
        dr_fiscal_free(&f);
    else if (err.msg[0] == '\0')
        abort(); /* every error says what is wrong */

    /* The same bytes as projects, against a fixed set of counties. */
    static dr_fiscal sample;
    static int loaded;
    if (!loaded) {
        loaded = 1;
        if (dr_fiscal_read(FUZZ_FISCAL, &sample, &err) != DR_OK)
            abort();
    }
    dr_projects set = {0};
    if (dr_projects_read(path, &sample, &set, &err) != DR_OK &&
        err.msg[0] == '\0')
        abort();
    dr_projects_free(&set);
    return 0;
}
