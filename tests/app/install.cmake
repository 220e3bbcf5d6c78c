# CTest "install" (label app): the installed layout is complete and the installed moelab-cli finds
# its bundled data relative to itself. Run by tests/CMakeLists.txt as
#   cmake -DBUILD_DIR=<build> -DSCRATCH_DIR=<scratch> -P install.cmake
# 1. `cmake --install` with DESTDIR=<scratch>/root and prefix /usr (what the .deb holds);
# 2. the installed moelab-cli trains on digits, a bundled CSV (1797 samples: 1438 train + 359 test,
#    64 features), with no $MOELAB_DATA_DIR to help it;
# 3. with the installed data folder removed, it fails and names <scratch>/root/usr/share/moelab/data
#    as the place searched, and no folder of the source tree.

set(root ${SCRATCH_DIR}/root)
file(REMOVE_RECURSE ${SCRATCH_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} -E env DESTDIR=${root}
                        ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix /usr
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed:\n${output}")
endif()

foreach(file bin/moelab bin/moelab-cli share/moelab/data/digits.csv share/moelab/data/iris.csv
        share/moelab/data/CREDITS share/moelab/data/text/shakespeare.txt
        share/moelab/data/text/python.txt share/moelab/data/text/LICENSE-python.txt
        share/moelab/lessons/01-dense.json
        share/applications/io.github.moelab.moelab.desktop
        share/icons/hicolor/scalable/apps/moelab.svg
        share/metainfo/io.github.moelab.moelab.metainfo.xml share/doc/moelab/LICENSE)
    if(NOT EXISTS ${root}/usr/${file})
        message(FATAL_ERROR "not installed: /usr/${file}")
    endif()
endforeach()

set(cli ${root}/usr/bin/moelab-cli)
set(run ${CMAKE_COMMAND} -E env --unset=MOELAB_DATA_DIR QT_QPA_PLATFORM=offscreen ${cli}
        train --dataset digits --steps 5 --json)
execute_process(COMMAND ${run} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "installed moelab-cli could not train on digits:\n${errors}")
endif()
string(JSON train_samples GET "${output}" train_samples)
string(JSON test_samples GET "${output}" test_samples)
string(JSON features GET "${output}" features)
if(NOT (train_samples EQUAL 1438 AND test_samples EQUAL 359 AND features EQUAL 64))
    message(FATAL_ERROR "installed moelab-cli read a different digits set: ${train_samples} + "
                        "${test_samples} samples, ${features} features")
endif()

file(REMOVE_RECURSE ${root}/usr/share/moelab/data)
execute_process(COMMAND ${run} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(result EQUAL 0)
    message(FATAL_ERROR "installed moelab-cli trained on digits without its data folder")
endif()
string(FIND "${errors}" "${root}/usr/share/moelab/data" searched_installed)
if(searched_installed EQUAL -1)
    message(FATAL_ERROR "the error does not name the installed data folder:\n${errors}")
endif()
get_filename_component(source_dir ${CMAKE_CURRENT_LIST_DIR}/../.. ABSOLUTE)
string(FIND "${errors}" "${source_dir}/datasets" searched_source)
if(NOT searched_source EQUAL -1)
    message(FATAL_ERROR "the installed program looked in the source tree:\n${errors}")
endif()
file(REMOVE_RECURSE ${SCRATCH_DIR})
