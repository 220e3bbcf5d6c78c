# The layering rule (docs/architecture.md): each folder includes only headers of its own layer or
# of the layers below it, core <- datasets <- files <- ui <- app. Inside ui, the views (style,
# worker, maps, charts, export, text: moe::views, what the command line links) never include the window's
# folders (controls, lessons, window: moe::window). core and datasets include no Qt at all. Every
# project include names its folder from the project root ("core/moe/router.h").
#
# Run as: cmake -DROOT=<source tree> -P checklayers.cmake. Prints each violation as
# "file:line: what is wrong" and fails if there is any.

cmake_minimum_required(VERSION 3.25)

if(NOT ROOT)
    message(FATAL_ERROR "checklayers.cmake: pass -DROOT=<the source tree>")
endif()

# Rank of each layer (and of ui's two libraries); an include must not name a higher rank.
set(rank_core 0)
set(rank_datasets 1)
set(rank_files 2)
set(rank_ui_views 3)
set(rank_ui_window 4)
set(rank_app 5)
set(views_folders style worker maps charts export text)
set(window_folders controls lessons window)

# The layer a project path belongs to ("" when outside every layer).
function(layer_of path out)
    set(layer "")
    if(path MATCHES "^(core|datasets|files|app)/")
        set(layer ${CMAKE_MATCH_1})
    elseif(path MATCHES "^ui/([a-z]+)/")
        if(CMAKE_MATCH_1 IN_LIST views_folders)
            set(layer ui_views)
        elseif(CMAKE_MATCH_1 IN_LIST window_folders)
            set(layer ui_window)
        else()
            set(layer ui_unknown)
        endif()
    endif()
    set(${out} ${layer} PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE sources RELATIVE ${ROOT}
    ${ROOT}/core/*.h ${ROOT}/core/*.cpp ${ROOT}/datasets/*.h ${ROOT}/datasets/*.cpp
    ${ROOT}/files/*.h ${ROOT}/files/*.cpp ${ROOT}/ui/*.h ${ROOT}/ui/*.cpp
    ${ROOT}/app/*.h ${ROOT}/app/*.cpp)
set(violations 0)
set(checked 0)
foreach(source IN LISTS sources)
    layer_of(${source} own)
    if(own STREQUAL "ui_unknown")
        message("${source}: ui/ groups its files in style, worker, maps, charts, export, "
                "controls, lessons or window")
        math(EXPR violations "${violations} + 1")
        continue()
    endif()
    file(STRINGS ${ROOT}/${source} lines REGEX "^[ \t]*#[ \t]*include")
    set(number 0)
    foreach(line IN LISTS lines)
        math(EXPR checked "${checked} + 1")
        if(line MATCHES "#[ \t]*include[ \t]*<(Q[A-Za-z]*)" AND own MATCHES "^(core|datasets)$")
            message("${source}: includes <${CMAKE_MATCH_1}>: ${own}/ has no Qt")
            math(EXPR violations "${violations} + 1")
        elseif(line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
            set(included ${CMAKE_MATCH_1})
            if(included MATCHES "\\.moc$")
                continue()
            endif()
            layer_of(${included} theirs)
            if(theirs STREQUAL "")
                message("${source}: #include \"${included}\" does not name its folder "
                        "(\"core/...\", \"datasets/...\", \"files/...\", \"ui/...\", \"app/...\")")
                math(EXPR violations "${violations} + 1")
            elseif(NOT EXISTS ${ROOT}/${included})
                message("${source}: #include \"${included}\": no such file in the project")
                math(EXPR violations "${violations} + 1")
            elseif(rank_${theirs} GREATER rank_${own})
                message("${source}: #include \"${included}\": ${own} must not depend on ${theirs}, "
                        "a layer above it")
                math(EXPR violations "${violations} + 1")
            endif()
        endif()
    endforeach()
endforeach()

list(LENGTH sources files)
if(files EQUAL 0)
    message(FATAL_ERROR "checklayers.cmake: no sources under ${ROOT}")
endif()
if(violations GREATER 0)
    message(FATAL_ERROR "${violations} layering violation(s) in ${files} files")
endif()
message("layering: ${files} files, ${checked} includes, no violation")
