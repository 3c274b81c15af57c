// The blog's own kit program: every drizzle-kit command for the schema in blog_schema.hpp.
//   blog_kit generate --name init && blog_kit migrate && blog_kit status
#include <drizzle/kit.hpp>

#include "blog_schema.hpp"

int main(int argc, char** argv) {
  return drizzle::kit::main(argc, argv, blog::schema);
}
