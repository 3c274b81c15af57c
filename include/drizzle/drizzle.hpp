#pragma once
/// The core of drizzle-cpp: schema, expressions, statements and rendering. No libpqxx needed.
#include "column.hpp"
#include "expr/core.hpp"
#include "expr/functions.hpp"
#include "expr/operators.hpp"
#include "fixed_string.hpp"
#include "query/record.hpp"
#include "query/select.hpp"
#include "render.hpp"
#include "table.hpp"
#include "types.hpp"
