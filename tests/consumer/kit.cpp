// The consumer's own kit program: drizzle::kit (the kit library) links OpenSSL and CLI11 through the package.
#include <drizzle/drizzle.hpp>
#include <drizzle/kit.hpp>

struct notes_t : drizzle::table<notes_t, "notes"> {
  column<"id", drizzle::pg::serial, drizzle::pg::primary_key> id;
  column<"body", drizzle::pg::text, drizzle::pg::not_null> body;
};
inline constexpr notes_t notes{};

int main(int argc, char** argv) {
  return drizzle::kit::main(argc, argv, drizzle::schema(notes));
}
