# Builds tests/consumer against drizzle-cpp, in one of three ways (MODE):
#   find_package      README's install recipe in a fresh build tree (default options: the drizzle-kit program too),
#                     into a temporary prefix; the consumer finds it there (COMPONENTS pqxx kit) and the installed
#                     drizzle-kit runs
#   core_only         drizzle-cpp configured as if libpqxx, OpenSSL and CLI11 were absent: configuring and installing
#                     succeed, and the consumer gets drizzle::drizzle alone (and a clear failure when it asks for kit)
#   add_subdirectory  the consumer adds the source tree
file(REMOVE_RECURSE ${WORK_DIR})
set(consumer ${SOURCE_DIR}/tests/consumer)

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE r OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT r EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "${what} failed (${r}): ${command}\n${out}${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(extra)
if(MODE STREQUAL "find_package" OR MODE STREQUAL "core_only")
  set(lib ${WORK_DIR}/lib)
  set(prefix ${WORK_DIR}/prefix)
  if(MODE STREQUAL "find_package")
    # As README.md's install recipe says.
    set(options -DCMAKE_BUILD_TYPE=Release -DDRIZZLE_BUILD_TESTS=OFF -DDRIZZLE_BUILD_EXAMPLES=OFF)
  else()
    set(options -DDRIZZLE_BUILD_TESTS=OFF -DDRIZZLE_BUILD_EXAMPLES=OFF -DDRIZZLE_BUILD_TOOLS=OFF
                -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON
                -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON)
  endif()
  run("configuring drizzle-cpp" ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${lib} -DCMAKE_CXX_COMPILER=${CXX} ${options})
  if(MODE STREQUAL "core_only" AND NOT run_output MATCHES "drizzle: targets drizzle::drizzle \\(")
    message(FATAL_ERROR "without libpqxx, OpenSSL and CLI11 the configure step should offer drizzle::drizzle alone:\n"
                        "${run_output}")
  endif()
  run("building drizzle-cpp" ${CMAKE_COMMAND} --build ${lib} -j 2)
  run("installing drizzle-cpp into ${prefix}" ${CMAKE_COMMAND} --install ${lib} --prefix ${prefix})
  set(extra -DCMAKE_PREFIX_PATH=${prefix})
  if(MODE STREQUAL "find_package")
    # The installed program runs: check needs no database.
    run("the installed drizzle-kit" ${prefix}/bin/drizzle-kit check --out ${SOURCE_DIR}/tests/data/drizzle/migrations-kit)
    list(APPEND extra -DCONSUMER_COMPONENTS=ON)
  else()
    if(EXISTS ${prefix}/bin/drizzle-kit OR EXISTS ${prefix}/share/drizzle/cmake/drizzlePqxxTargets.cmake)
      message(FATAL_ERROR "the core-only install has drizzle::pqxx or the drizzle-kit program")
    endif()
    list(APPEND extra -DCONSUMER_CORE_ONLY=ON)
    # Asking for a component that was not installed fails find_package, naming the reason.
    file(WRITE ${WORK_DIR}/wants_kit/CMakeLists.txt
         "cmake_minimum_required(VERSION 3.25)\nproject(wants_kit LANGUAGES CXX)\n"
         "find_package(drizzle CONFIG REQUIRED COMPONENTS kit)\n")
    execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK_DIR}/wants_kit -B ${WORK_DIR}/wants_kit/build
                            -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix}
                    RESULT_VARIABLE r OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(r EQUAL 0 OR NOT "${out}${err}" MATCHES "drizzle::kit: drizzle-cpp was installed without it")
      message(FATAL_ERROR "find_package(drizzle COMPONENTS kit) on a core-only install should fail and say why:\n"
                          "${out}${err}")
    endif()
  endif()
else()
  set(extra -DDRIZZLE_SOURCE_DIR=${SOURCE_DIR})
endif()
run("configuring the consumer (${MODE})" ${CMAKE_COMMAND} -S ${consumer} -B ${WORK_DIR}/build -DCMAKE_CXX_COMPILER=${CXX}
    ${extra})
run("building the consumer (${MODE})" ${CMAKE_COMMAND} --build ${WORK_DIR}/build -j 2)
run("the consumer (${MODE})" ${WORK_DIR}/build/consumer_core)
if(NOT run_output MATCHES "select \"id\", \"body\" from \"notes\"")
  message(FATAL_ERROR "the consumer did not print the expected SQL: ${run_output}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
message(STATUS "consumer (${MODE}) built and ran: ${run_output}")
