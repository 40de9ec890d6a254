package org.jijiao.wechat;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * WeChat's XML, read strictly. A callback body is a flat {@code <xml>} element (a few event
 * kinds nest one level more); nothing legitimate ever carries a DOCTYPE, so one is refused
 * the moment it is seen, before any entity could be declared, let alone resolved. DTD
 * support and external entities are off as well, and the resolver refuses everything, so
 * even a parser change could not make us fetch a URL or read a file.
 */
public final class WeChatXml {

  /** Far above any real callback (a text message is at most 2,048 bytes of content). */
  public static final int MAX_CHARS = 32 * 1024;

  private static final XMLInputFactory FACTORY = factory();

  private WeChatXml() {
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = new WstxInputFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 8);
    factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, 256L);
    factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, MAX_CHARS);
    factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 256);
    factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
      throw new XMLStreamException("external resources are refused: " + systemId);
    });
    return factory;
  }

  /**
   * The leaf elements of the document by name (nested ones flattened; the first occurrence
   * wins). Fails with {@link BadXml} for a DOCTYPE, malformed or oversized XML.
   */
  public static Map<String, String> parse(String xml) {
    if (xml == null || xml.isBlank()) {
      throw new BadXml("empty body");
    }
    if (xml.length() > MAX_CHARS) {
      throw new BadXml("too large");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new StringReader(xml));
      StringBuilder text = new StringBuilder();
      String current = null;
      int depth = 0;
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE,
              XMLStreamConstants.ENTITY_DECLARATION ->
              throw new BadXml("DOCTYPE and entities are refused");
          case XMLStreamConstants.START_ELEMENT -> {
            depth++;
            current = reader.getLocalName();
            text.setLength(0);
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> text.append(reader.getText());
          case XMLStreamConstants.END_ELEMENT -> {
            if (current != null && depth > 1) {
              fields.putIfAbsent(current, text.toString().trim());
            }
            current = null;
            text.setLength(0);
            depth--;
          }
          default -> {
            // Comments and processing instructions carry nothing we read.
          }
        }
      }
      return fields;
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof BadXml bad) {
        throw bad;
      }
      throw new BadXml("malformed XML");
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // Closing a string reader cannot lose anything.
        }
      }
    }
  }

  /** Writes a flat {@code <xml>} document; text values as CDATA, numbers as they are. */
  public static String write(Map<String, Object> fields) {
    StringBuilder xml = new StringBuilder("<xml>");
    fields.forEach((name, value) -> {
      xml.append('<').append(name).append('>');
      if (value instanceof Number) {
        xml.append(value);
      } else {
        // "]]>" cannot appear inside a CDATA section; split it across two sections.
        xml.append("<![CDATA[").append(String.valueOf(value).replace("]]>", "]]]]><![CDATA[>"))
            .append("]]>");
      }
      xml.append("</").append(name).append('>');
    });
    return xml.append("</xml>").toString();
  }

  /** XML the callback refuses; the message says why, for the log only. */
  public static final class BadXml extends RuntimeException {
    public BadXml(String why) {
      super(why, null, false, false);
    }
  }
}
