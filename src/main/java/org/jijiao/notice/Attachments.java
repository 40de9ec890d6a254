package org.jijiao.notice;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jijiao.common.Text;

/**
 * What may be attached to a notice and how it is named on the way out. The type comes from
 * the extension of an allow-list, never from what the browser claimed, and nothing that a
 * browser would run (HTML, SVG, scripts) is on the list.
 */
final class Attachments {

  static final int MAX_NAME_CODE_POINTS = 100;

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("pdf", "application/pdf"),
      Map.entry("doc", "application/msword"),
      Map.entry("docx",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
      Map.entry("xls", "application/vnd.ms-excel"),
      Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      Map.entry("ppt", "application/vnd.ms-powerpoint"),
      Map.entry("pptx",
          "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
      Map.entry("wps", "application/vnd.ms-works"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("png", "image/png"),
      Map.entry("gif", "image/gif"),
      Map.entry("zip", "application/zip"),
      Map.entry("rar", "application/vnd.rar"));

  private Attachments() {
  }

  /** The content type for an (already cleaned) file name, or null when not allowed. */
  static String typeOf(String fileName) {
    return TYPES.get(extension(fileName));
  }

  static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * The uploaded name made harmless: no directories, no control or markup characters, no
   * leading dots, at most {@link #MAX_NAME_CODE_POINTS} code points with the extension kept.
   */
  static String cleanName(String uploaded) {
    String name = uploaded == null ? "" : uploaded;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    StringBuilder kept = new StringBuilder();
    name.codePoints()
        .filter(c -> c >= 0x20 && c != 0x7f && "<>:\"|?*;%".indexOf(c) < 0)
        .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
        .forEach(kept::appendCodePoint);
    name = kept.toString().strip().replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
    String ext = extension(name);
    String base = ext.isEmpty() ? name : name.substring(0, name.length() - ext.length() - 1);
    if (base.isBlank()) {
      name = "附件" + (ext.isEmpty() ? "" : "." + ext);
    }
    if (Text.length(name) > MAX_NAME_CODE_POINTS) {
      String suffix = ext.isEmpty() ? "" : "." + ext;
      name = Text.truncate(name, MAX_NAME_CODE_POINTS - Text.length(suffix)) + suffix;
    }
    return name;
  }

  /**
   * {@code attachment; filename="ascii"; filename*=UTF-8''percent-encoded} (RFC 6266): modern
   * browsers take the UTF-8 name, old ones the ASCII fallback. {@code inline} lets iOS
   * preview the file instead of downloading it.
   */
  static String contentDisposition(String fileName, long attachmentId, boolean inline) {
    return (inline ? "inline" : "attachment") + "; filename=\""
        + asciiFallback(fileName, attachmentId) + "\"; filename*=UTF-8''" + encode(fileName);
  }

  static String asciiFallback(String fileName, long attachmentId) {
    String ext = extension(fileName);
    StringBuilder ascii = new StringBuilder();
    for (char c : fileName.toCharArray()) {
      boolean plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
      ascii.append(plain ? c : '_');
    }
    String base = ext.isEmpty() ? ascii.toString()
        : ascii.substring(0, ascii.length() - ext.length() - 1);
    if (!base.matches(".*[A-Za-z0-9].*")) {
      base = "attachment-" + attachmentId;
    }
    return ext.isEmpty() ? base : base + "." + ext;
  }

  /** RFC 5987 percent-encoding of the UTF-8 bytes: only attr-chars stay as they are. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean attrChar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || "!#$&+-.^_`|~".indexOf(c) >= 0;
      if (attrChar) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
