# cmake -DCLANG_FORMAT=... -DSOURCE_DIR=... -P check.cmake: fails when a source file differs from clang-format's output.
file(GLOB_RECURSE files ${SOURCE_DIR}/include/*.hpp ${SOURCE_DIR}/tests/*.hpp ${SOURCE_DIR}/tests/*.cpp
     ${SOURCE_DIR}/examples/*.cpp ${SOURCE_DIR}/examples/*.hpp ${SOURCE_DIR}/tools/*.cpp ${SOURCE_DIR}/benchmarks/*.cpp
     ${SOURCE_DIR}/src/*.cpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files} RESULT_VARIABLE result ERROR_VARIABLE err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "clang-format would change these files (run clang-format -i on them):\n${err}")
endif()
message(STATUS "${CLANG_FORMAT}: all files formatted")
