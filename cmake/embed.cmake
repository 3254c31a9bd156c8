# Turns data files into C++ string constants so the binaries work without their data folder.
#
#   parley_embed(OUT_VAR NAMESPACE_NAME file1 file2 ...)
# generates one .cpp per file defining `const std::string_view parley::embedded::<stem>` and
# sets OUT_VAR to the generated sources. Regenerated whenever a data file changes.

set(PARLEY_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_file.cmake)

function(parley_embed out_var)
  set(generated)
  foreach(file IN LISTS ARGN)
    get_filename_component(abs ${file} ABSOLUTE)
    get_filename_component(stem ${file} NAME_WE)
    string(MAKE_C_IDENTIFIER ${stem} ident)
    set(cpp ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ident}.cpp)
    add_custom_command(
      OUTPUT ${cpp}
      COMMAND ${CMAKE_COMMAND} -DINPUT=${abs} -DOUTPUT=${cpp} -DIDENT=${ident}
              -P ${PARLEY_EMBED_SCRIPT}
      DEPENDS ${abs} ${PARLEY_EMBED_SCRIPT}
      COMMENT "Embedding ${file}"
      VERBATIM)
    list(APPEND generated ${cpp})
  endforeach()
  set(${out_var} ${generated} PARENT_SCOPE)
endfunction()
