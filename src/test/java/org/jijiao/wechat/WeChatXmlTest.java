package org.jijiao.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeChatXmlTest {

  @Test
  void readsCdataNumbersAndNestedEventFields() {
    Map<String, String> fields = WeChatXml.parse("<xml><ToUserName><![CDATA[gh_1]]></ToUserName>"
        + "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        + "<Event><![CDATA[scancode_push]]></Event><ScanCodeInfo><ScanType>qrcode</ScanType>"
        + "<ScanResult>1</ScanResult></ScanCodeInfo></xml>");

    assertThat(fields).containsEntry("ToUserName", "gh_1").containsEntry("CreateTime",
        "1348831860").containsEntry("ScanResult", "1");
  }

  @Test
  void writtenRepliesReadBackEvenWithCdataTerminatorsInTheText() {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("Content", "a ]]> b <c> & d");
    reply.put("CreateTime", 5L);

    assertThat(WeChatXml.parse(WeChatXml.write(reply))).containsEntry("Content", "a ]]> b <c> & d")
        .containsEntry("CreateTime", "5");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<!DOCTYPE xml [<!ENTITY a \"b\">]><xml><C>&a;</C></xml>",
      "<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/x.dtd\"><xml/>",
      "<xml><C>&undeclared;</C></xml>",
      "<xml><C>unclosed</xml>",
      "not xml",
      ""})
  void doctypesEntitiesAndMalformedXmlAreRefused(String xml) {
    assertThatThrownBy(() -> WeChatXml.parse(xml)).isInstanceOf(WeChatXml.BadXml.class);
  }

  @Test
  void aBillionLaughsNeverExpands() {
    String bomb = "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">"
        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;\">]><xml><C>&c;</C></xml>";

    assertThatThrownBy(() -> WeChatXml.parse(bomb)).isInstanceOf(WeChatXml.BadXml.class);
  }
}
