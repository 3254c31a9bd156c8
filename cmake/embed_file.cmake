# Script mode helper for parley_embed(): INPUT, OUTPUT and IDENT are passed with -D.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE ${OUTPUT}
  "// Generated from ${INPUT} by cmake/embed_file.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace parley::embedded {\n"
  "static const char k_${IDENT}_bytes[] = {${bytes} '\\0'};\n"
  "extern const std::string_view ${IDENT};\n"
  "const std::string_view ${IDENT}{k_${IDENT}_bytes, ${size}};\n"
  "}  // namespace parley::embedded\n")
