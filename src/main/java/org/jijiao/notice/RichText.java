package org.jijiao.notice;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Notice bodies are rich text from an editor, shown as HTML in the portal, the console and
 * the H5 pages. They are cleaned once, on the way in, against an allow-list: scripts, event
 * handlers, styles, frames and {@code javascript:} links never reach storage.
 */
final class RichText {

  private static final Safelist ALLOWED = Safelist.relaxed()
      .addTags("hr", "s", "del")
      .addAttributes("td", "align")
      .addAttributes("th", "align");

  private static final Document.OutputSettings OUTPUT = new Document.OutputSettings()
      .prettyPrint(false);

  private RichText() {
  }

  static String sanitize(String html) {
    return Jsoup.clean(html, "", ALLOWED, OUTPUT);
  }
}
