# SKYPLAN_SANITIZER_ENV: the sanitizer options of options.env as a list for
# the ENVIRONMENT test property. scripts/test.sh exports the same variables,
# so gtest discovery (run at build time) and tests whose properties are set
# elsewhere see them too.
set(SKYPLAN_SANITIZER_ENV)
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/options.env _skyplan_sanitizer_lines REGEX "^[A-Z_]+=")
foreach(line IN LISTS _skyplan_sanitizer_lines)
  string(REPLACE "@DIR@" "${CMAKE_CURRENT_LIST_DIR}" line "${line}")
  list(APPEND SKYPLAN_SANITIZER_ENV "${line}")
endforeach()
