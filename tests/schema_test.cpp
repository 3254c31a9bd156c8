#include <catch2/catch.hpp>

#include "common/schema.h"

using namespace parley::schema;

TEST_CASE("every facet has a boolean field with its prefix, and distinct codes", "[schema]") {
  for (const FacetInfo& f : kFacets) {
    CAPTURE(f.name);
    const Field* field = field_by_name(f.name);
    REQUIRE(field);
    CHECK(field->kind == FieldKind::kBoolean);
    CHECK(field->prefix == f.prefix);
    CHECK(facet_by_name(f.name) == f.facet);
    CHECK(facet_by_name(f.option) == f.facet);
    for (const FacetInfo& g : kFacets) {
      if (&f != &g) {
        CHECK(f.code != g.code);
        CHECK(f.prefix != g.prefix);
      }
    }
    CHECK(f.code != kCountGroup);
    CHECK(f.code != kCountDate);
  }
  CHECK_FALSE(field_by_name("nonsense"));
  CHECK(field_by_name("demand-by") == field_by_name("demand_by"));
}

TEST_CASE("id_term keeps short ids and hashes long ones to a bounded, distinct term", "[schema]") {
  CHECK(id_term("a/b.txt") == "Qa/b.txt");
  std::string long_a(400, 'a'), long_b = long_a;
  long_b.back() = 'b';
  CHECK(id_term(long_a).size() <= 240);
  CHECK(id_term(long_a) != id_term(long_b));
  CHECK(id_term(long_a) == id_term(long_a));
}
