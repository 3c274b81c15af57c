// The core library as the pages use it unqualified: drizzle's builders and functions, its PostgreSQL types and
// modifiers (`select`, `eq`, `column<...>`, `serial`, `not_null`, ...).
#include <drizzle/drizzle.hpp>
using namespace drizzle;
using namespace drizzle::pg;
