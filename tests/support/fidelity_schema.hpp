#pragma once
/// The kit fidelity schema (tests/data/kit_fidelity/src/schema*.ts) in C++: every type spelling drizzle-kit has,
/// tables in two schemas whose names interleave, index orders and nulls, identity in a named schema; v2 widens
/// apple.label and drops gone, v3 drops shop.banana.
#include <drizzle/ddl.hpp>

namespace fidelity {
using namespace drizzle::pg;

/// Types drizzle-cpp has no descriptor for (bit, vector, time(p), interval fields, ...), spelled as drizzle-kit
/// spells them: the kit only needs the spelling.
template <drizzle::fixed_string Name>
struct spelled : drizzle::pg::sql_type_base {
  using cpp_type = std::string;
  static constexpr std::string_view ddl_name() { return Name.view(); }
  static constexpr std::string_view cast_name = "text";
};

struct zebra_t : drizzle::table<zebra_t, "zebra"> {
  column<"id", integer, primary_key> id;
  column<"ts0", timestamp_p<0>> ts0;
  column<"ts3", timestamp_p<3>> ts3;
  column<"ts", timestamp> ts;
  column<"tstz", timestamp_tz> tstz;
  column<"tstz6", timestamp_tz_p<6>> tstz6;
  column<"t", time_of_day> t;
  column<"t2", spelled<"time(2)">> t2;
  column<"ttz", spelled<"time with time zone">> ttz;
  column<"ttz4", spelled<"time(4) with time zone">> ttz4;
  column<"iv", interval> iv;
  column<"ivf", spelled<"interval day to second">> ivf;
  column<"ivp", spelled<"interval(3)">> ivp;
  column<"n", numeric_any> n;
  column<"n10", spelled<"numeric(10)">> n10;
  column<"n102", numeric<10, 2>> n102;
  column<"vc", varchar<8>> vc;
  column<"vcn", spelled<"varchar">> vcn;
  column<"ch", char_<3>> ch;
  column<"chn", spelled<"char">> chn;
  column<"b", spelled<"bit(4)">> b;
  column<"v", spelled<"vector(3)">> v;
  column<"ia", array<integer>> ia;
  column<"ta", spelled<"text[][]">> ta;
  column<"tsa", array<timestamp_p<3>>> tsa;
  column<"va", array<varchar<5>>> va;

  static constexpr auto config(const zebra_t& t) {
    return std::tuple{
        index<"zebra_ts_idx">(asc_index(t.ts).nulls_last()),
        index<"zebra_ts3_idx">(asc_index(t.ts3).nulls_first()),
        index<"zebra_tstz_idx">(desc_index(t.tstz).nulls_last()),
        index<"zebra_t_idx">(desc_index(t.t)),
        check<"zebra_n_check">("\"zebra\".\"n\" > 0"),
    };
  }
};
inline constexpr zebra_t zebra{};

template <std::size_t Length>
struct apple_t : drizzle::table<apple_t<Length>, "apple"> {
  template <drizzle::fixed_string N, class S, class... M>
  using column = typename drizzle::table<apple_t<Length>, "apple">::template column<N, S, M...>;
  column<"id", integer, primary_key, identity_always<>> id;
  column<"label", varchar<Length>> label;
};

struct mango_t : drizzle::table<mango_t, "mango", "shop"> {
  column<"id", integer, primary_key, identity_by_default<sequence_options{.start_with = 10}>> id;
  column<"name", text> name;
};
inline constexpr mango_t mango{};

struct banana_t : drizzle::table<banana_t, "banana", "shop"> {
  column<"id", integer, primary_key, identity_always<>> id;
};
inline constexpr banana_t banana{};

struct gone_t : drizzle::table<gone_t, "gone"> {
  column<"id", integer, primary_key> id;
};
inline constexpr gone_t gone{};

inline auto v1() {
  return drizzle::schema(zebra, apple_t<8>{}, mango, banana, gone);
}
inline auto v2() {
  return drizzle::schema(zebra, apple_t<16>{}, mango, banana);
}
inline auto v3() {
  return drizzle::schema(zebra, apple_t<16>{}, mango);
}

}  // namespace fidelity
