package org.jijiao.seed;

/**
 * Rows for one table in PostgreSQL's COPY text format, built in memory: the whole city is
 * a few tens of megabytes, and one COPY per table loads it in seconds.
 */
final class CopyTable {

  final String name;
  final String columns;
  final StringBuilder rows = new StringBuilder();
  int count;

  CopyTable(String name, String columns) {
    this.name = name;
    this.columns = columns;
  }

  CopyTable row(Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        rows.append('\t');
      }
      rows.append(encode(values[i]));
    }
    rows.append('\n');
    count++;
    return this;
  }

  String copySql() {
    return "COPY " + name + " (" + columns + ") FROM STDIN";
  }

  private static String encode(Object value) {
    if (value == null) {
      return "\\N";
    }
    String text = value.toString();
    if (text.indexOf('\\') < 0 && text.indexOf('\t') < 0 && text.indexOf('\n') < 0) {
      return text;
    }
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }
}
