# SPDX-License-Identifier: GPL-3.0-or-later
# caredesk_add_test(NAME tst_foo SOURCES tst_foo.cpp LIBS caredesk_services [LABELS unit])
function(caredesk_add_test)
    cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE
        CAREDESK_SHARED_TESTDATA="${CAREDESK_SHARED_DIR}/testdata"
        CAREDESK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        CAREDESK_BINARY_DIR="${PROJECT_BINARY_DIR}")
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    # Each test's temporary folder (QDir::tempPath(), QTemporaryDir, SQLite's spill files, the
    # programs it starts) is its own folder in the build tree, so test data never lands in /tmp
    # and one test's files are not another's; tst_residue still scans /tmp as well.
    set(tmp "${PROJECT_BINARY_DIR}/test-tmp/${T_NAME}")
    file(MAKE_DIRECTORY "${tmp}")
    set_tests_properties(${T_NAME} PROPERTIES
        LABELS "${T_LABELS}"
        ENVIRONMENT
            "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=caredesk.*.debug=false;TMPDIR=${tmp}")
endfunction()
