#include <drizzle/drizzle.hpp>

#include <cstdio>

struct notes_t : drizzle::table<notes_t, "notes"> {
  column<"id", drizzle::pg::serial, drizzle::pg::primary_key> id;
  column<"body", drizzle::pg::text, drizzle::pg::not_null> body;
};
inline constexpr notes_t notes{};

static_assert(drizzle::select().from(notes).where(drizzle::eq(notes.id, 1)).sql() ==
              R"(select "id", "body" from "notes" where "notes"."id" = $1)");

int main() {
  std::puts(drizzle::select().from(notes).sql().data());
  return 0;
}
