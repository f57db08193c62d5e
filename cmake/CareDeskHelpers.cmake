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
    set_tests_properties(${T_NAME} PROPERTIES
        LABELS "${T_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=caredesk.*.debug=false")
endfunction()
