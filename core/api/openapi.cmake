# docs/openapi.yaml is compiled into the core and served at GET /v1/openapi.yaml.
set(_pc_openapi_in ${PROJECT_SOURCE_DIR}/docs/openapi.yaml)
set(_pc_openapi_out ${CMAKE_CURRENT_BINARY_DIR}/openapi_yaml.c)
add_custom_command(
  OUTPUT ${_pc_openapi_out}
  COMMAND ${CMAKE_COMMAND} -DIN=${_pc_openapi_in} -DOUT=${_pc_openapi_out}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/api/embed_openapi.cmake
  DEPENDS ${_pc_openapi_in} ${CMAKE_CURRENT_SOURCE_DIR}/api/embed_openapi.cmake
  COMMENT "Embedding docs/openapi.yaml")
target_sources(parcelcast_core PRIVATE ${_pc_openapi_out})
