# SPDX-License-Identifier: GPL-3.0-or-later
# Runs clang-format over every tracked C++ file: format.sh CLANG_FORMAT ARGS...
exe=$1; shift
git ls-files -z -- '*.cpp' '*.h' | xargs -0 "$exe" "$@"
