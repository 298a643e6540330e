package io.dblens.parsers;

import java.util.Locale;

/** A file format as named by {@code --format}; implemented by each engine's format enum. */
public interface FormatName {

  /** The lower-case {@code --format} name. */
  String id();

  /** The format of that name (case and surrounding blanks ignored), or null when there is none. */
  static <F extends Enum<F> & FormatName> F find(Class<F> formats, String name) {
    if (name == null) {
      return null;
    }
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (F f : formats.getEnumConstants()) {
      if (f.id().equals(n)) {
        return f;
      }
    }
    return null;
  }
}
