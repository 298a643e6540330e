package io.dblens.jobs.generate;

import java.util.SplittableRandom;

/**
 * The kinds of literal a shape template holds. Every execution draws fresh values, including strings
 * with embedded quotes (escaped as '') and IN lists of varying length, so that a reader has to
 * normalise statements to group them.
 */
enum Literal {
  ID("id", false),
  CUSTOMER("cust", false),
  SMALL("small", false),
  QUANTITY("qty", false),
  PRICE("price", false),
  LIMIT("limit", false),
  OFFSET("offset", false),
  NAME("name", true),
  EMAIL("email", true),
  STATUS("status", true),
  DATE("date", true),
  TIMESTAMP("ts", true),
  SKU("sku", true),
  UUID("uuid", true),
  PATTERN("pattern", true),
  NOTE("note", true),
  ACTION("action", true),
  PAYMENT_METHOD("method", true),
  EVENT_KIND("event", true),
  JSON("json", true),
  COUPON("coupon", true),
  PATH("path", true),
  REFERRER("referrer", true),
  ID_LIST("ids", false),
  SKU_LIST("skus", false),
  STATUS_LIST("statuses", false);

  private static final byte[][] FIRST_NAMES = bytes("Anna", "Ben", "Chloe", "David", "Emma", "Farid", "Grace",
      "Hugo", "Ines", "Jonas", "Kofi", "Lena", "Marco", "Nora", "Oscar", "Priya", "Quentin", "Rosa", "Sven", "Yuki");
  // Irish and Italian surnames give the quote-escaping case ('') its natural share.
  private static final byte[][] LAST_NAMES = bytes("Smith", "O''Brien", "Garcia", "Muller", "D''Angelo", "Nguyen",
      "Rossi", "O''Neill", "Kowalski", "Dubois", "Silva", "Jensen", "L''Estrange", "Tanaka", "Okafor", "Novak");
  private static final byte[][] LOWER_FIRST_NAMES = bytes("anna", "ben", "chloe", "david", "emma", "farid",
      "grace", "hugo", "ines", "jonas", "kofi", "lena", "marco", "nora", "oscar", "priya", "quentin", "rosa", "sven",
      "yuki");
  private static final byte[][] DOMAINS = bytes("example.com", "mail.test", "shop.example", "corp.invalid");
  private static final byte[][] STATUSES = bytes("'pending'", "'paid'", "'shipped'", "'delivered'", "'cancelled'",
      "'refunded'");
  private static final byte[][] WORDS = bytes("lamp", "chair", "kettle", "bike", "phone", "desk", "shoe", "garden",
      "coffee", "ski", "tent", "watch");
  private static final byte[][] NOTES = bytes("'customer can''t find the invoice'", "'left at the door'",
      "'gift wrap, please'", "'it''s urgent'", "'call before delivery'", "'wrong size; exchange'",
      "'address: 12 Baker''s Row'", "'n/a'");
  private static final byte[][] ACTIONS = bytes("'create'", "'update'", "'delete'", "'login'", "'export'");
  private static final byte[][] METHODS = bytes("'card'", "'paypal'", "'sepa'", "'voucher'");
  private static final byte[][] EVENT_KINDS = bytes("'page_view'", "'add_to_cart'", "'search'", "'checkout'",
      "'click'");
  private static final byte[][] COUPONS = bytes("'SPRING25'", "'WELCOME10'", "'VIP-2025'", "'FREESHIP'");
  private static final byte[][] REFERRERS = bytes("'https://www.google.com/'", "'https://news.example/'",
      "'https://t.co/x1'", "'android-app://com.example'");
  private static final int[] LIMITS = {10, 20, 25, 50, 100};
  private static final byte[] HEX = AsciiBuffer.ascii("0123456789abcdef");

  /** The name used in templates, as in {@code {cust}}. */
  final String token;
  /** Strings and dates arrive quoted; numbers need quoting when shown as bind parameters. */
  final boolean quoted;

  Literal(String token, boolean quoted) {
    this.token = token;
    this.quoted = quoted;
  }

  boolean isList() {
    return this == ID_LIST || this == SKU_LIST || this == STATUS_LIST;
  }

  static Literal byToken(String token) {
    for (Literal literal : values()) {
      if (literal.token.equals(token)) {
        return literal;
      }
    }
    throw new IllegalArgumentException("unknown literal {" + token + "}");
  }

  void render(SplittableRandom random, AsciiBuffer out) {
    switch (this) {
      case ID -> out.append(1 + random.nextInt(2_000_000));
      // A fifth of the traffic comes from a thousand heavy customers, as in real shops.
      case CUSTOMER -> out.append(random.nextInt(5) == 0 ? 1 + random.nextInt(1_000) : 1 + random.nextInt(250_000));
      case SMALL -> out.append(1 + random.nextInt(50));
      case QUANTITY -> out.append(1 + random.nextInt(10));
      case PRICE -> out.appendFixed(99 + random.nextInt(150_000), 2);
      case LIMIT -> out.append(LIMITS[random.nextInt(LIMITS.length)]);
      case OFFSET -> out.append(20 * random.nextInt(25));
      case NAME -> out.append('\'').append(pick(random, FIRST_NAMES)).append(' ')
          .append(pick(random, LAST_NAMES)).append('\'');
      case EMAIL -> out.append('\'').append(pick(random, LOWER_FIRST_NAMES)).append('.')
          .append(random.nextInt(10_000)).append('@').append(pick(random, DOMAINS)).append('\'');
      case STATUS -> out.append(pick(random, STATUSES));
      case DATE -> appendDate(random, out.append('\'')).append('\'');
      case TIMESTAMP -> {
        appendDate(random, out.append('\'')).append(' ');
        out.appendTwoDigits(random.nextInt(24)).append(':').appendTwoDigits(random.nextInt(60)).append(':')
            .appendTwoDigits(random.nextInt(60)).append('\'');
      }
      case SKU -> out.append("'SKU-").appendPadded(random.nextInt(100_000), 6).append('\'');
      case UUID -> appendUuid(random, out);
      case PATTERN -> out.append("'%").append(pick(random, WORDS)).append("%'");
      case NOTE -> out.append(pick(random, NOTES));
      case ACTION -> out.append(pick(random, ACTIONS));
      case PAYMENT_METHOD -> out.append(pick(random, METHODS));
      case EVENT_KIND -> out.append(pick(random, EVENT_KINDS));
      case JSON -> out.append("'{\"page\": \"/products/").append(random.nextInt(50_000)).append("\", \"ref\": \"")
          .append(pick(random, WORDS)).append("\"}'");
      case COUPON -> out.append(pick(random, COUPONS));
      case PATH -> out.append("'/products/").append(random.nextInt(50_000)).append('\'');
      case REFERRER -> out.append(pick(random, REFERRERS));
      case ID_LIST -> appendList(random, out, 1 + skewedLength(random, 60), ID);
      case SKU_LIST -> appendList(random, out, 1 + random.nextInt(12), SKU);
      case STATUS_LIST -> appendList(random, out, 1 + random.nextInt(4), STATUS);
    }
  }

  /**
   * Renders the value as it appears in {@code DETAIL:  parameters:} where everything is a quoted
   * string; a referrer is sometimes absent, shown as NULL.
   */
  void renderParameter(SplittableRandom random, AsciiBuffer out) {
    if (this == REFERRER && random.nextInt(3) == 0) {
      out.append("NULL");
    } else if (quoted) {
      render(random, out);
    } else {
      out.append('\'');
      render(random, out);
      out.append('\'');
    }
  }

  /** Mostly short lists with a long tail, like ORM-generated IN lists. */
  private static int skewedLength(SplittableRandom random, int max) {
    double u = random.nextDouble();
    return (int) (u * u * u * max);
  }

  private static void appendList(SplittableRandom random, AsciiBuffer out, int length, Literal element) {
    out.append('(');
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        out.append(',').append(' ');
      }
      element.render(random, out);
    }
    out.append(')');
  }

  private static AsciiBuffer appendDate(SplittableRandom random, AsciiBuffer out) {
    return out.append(2024 + random.nextInt(2)).append('-').appendTwoDigits(1 + random.nextInt(12)).append('-')
        .appendTwoDigits(1 + random.nextInt(28));
  }

  private static void appendUuid(SplittableRandom random, AsciiBuffer out) {
    long high = random.nextLong();
    long low = random.nextLong();
    out.append('\'');
    appendHexDigits(out, high >>> 32, 8);
    out.append('-');
    appendHexDigits(out, high >>> 16, 4);
    out.append('-');
    appendHexDigits(out, high, 4);
    out.append('-');
    appendHexDigits(out, low >>> 48, 4);
    out.append('-');
    appendHexDigits(out, low, 12);
    out.append('\'');
  }

  private static void appendHexDigits(AsciiBuffer out, long value, int count) {
    for (int shift = (count - 1) * 4; shift >= 0; shift -= 4) {
      out.append((char) HEX[(int) ((value >>> shift) & 0xF)]);
    }
  }

  private static byte[] pick(SplittableRandom random, byte[][] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static byte[][] bytes(String... values) {
    byte[][] out = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = AsciiBuffer.ascii(values[i]);
    }
    return out;
  }
}
