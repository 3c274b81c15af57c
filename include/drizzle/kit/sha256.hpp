#pragma once
/// SHA-256 (hex, lower case) through OpenSSL: the migrator records it per migration file, as Drizzle does.
#include <openssl/evp.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace drizzle::kit {

inline std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("drizzle-kit: SHA-256 failed (OpenSSL)");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

}  // namespace drizzle::kit
