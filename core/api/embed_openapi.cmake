# Script mode: cmake -DIN=docs/openapi.yaml -DOUT=openapi_yaml.c -P embed_openapi.cmake
# Writes the file as a C byte array (pc__openapi_yaml, pc__openapi_yaml_len) for
# GET /v1/openapi.yaml, so the served document is the one in docs/ at build time.
file(READ "${IN}" _hex HEX)
string(LENGTH "${_hex}" _n)
math(EXPR _len "${_n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" _bytes "${_bytes}")
file(WRITE "${OUT}.tmp"
     "/* Generated from docs/openapi.yaml by core/api/embed_openapi.cmake: do not edit. */\n"
     "#include <stddef.h>\n"
     "extern const char pc__openapi_yaml[];\n"
     "extern const size_t pc__openapi_yaml_len;\n"
     "const char pc__openapi_yaml[] = {\n${_bytes}\n0x00};\n"
     "const size_t pc__openapi_yaml_len = ${_len};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
