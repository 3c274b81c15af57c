#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

// No LeakSanitizer suppressions: the driver runs statements through libpq and clears every result on every path,
// the paths where a connection breaks included (tests/hostile/faults_*.cpp kill backends under ASan).
