package org.jijiao.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Signatures and the safe-mode envelope against vectors produced by implementations other
 * than ours, so a mistake shared by our encoder and our decoder cannot pass unnoticed:
 *
 * <ul>
 *   <li>wechatpy, tests/test_utils.py (test_check_signature_should_ok): the plain
 *       token/timestamp/nonce signature.</li>
 *   <li>wechatpy, tests/test_crypto.py (CryptoTestCase): an encrypted reply with its
 *       msg_signature, an encrypted inbound message, and an echostr signature. That class
 *       tests the WeCom flavour, whose envelope and signature are the same algorithm with
 *       the corp id in the app id's place.</li>
 *   <li>WxJava (binarywang/WxJava, formerly chanjarster/weixin-java-tools),
 *       weixin-java-common WxCryptUtilTest: AES envelopes of a Chinese text and of a long
 *       XML reply with a fixed random prefix.</li>
 *   <li>WeChat's JS-SDK documentation, appendix 1 (签名算法), the worked example.</li>
 * </ul>
 */
class WeChatCryptoTest {

  // wechatpy tests/test_crypto.py
  private static final String PY_TOKEN = "123456";
  private static final String PY_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
  private static final String PY_APP = "wx49f0ab532d5d035a";

  // WxJava WxCryptUtilTest
  private static final String JAVA_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  private static final String JAVA_APP = "wxb11529c136998cb6";

  @Test
  void plainSignatureMatchesWechatpy() {
    String expected = "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff";

    assertThat(WeChatCrypto.signature("test", "1410685589", "test")).isEqualTo(expected);
    assertThat(WeChatCrypto.matches(WeChatCrypto.signature("test", "1410685589", "test"),
        "f21891de399b4e33a1a93c9a7b8a8fffb5a443fe")).isFalse();
  }

  @Test
  void encryptedReplyAndItsMsgSignatureMatchWechatpy() {
    String reply = "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n"
        + "<Content><![CDATA[test]]></Content>\n"
        + "<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n"
        + "<ToUserName><![CDATA[messense]]></ToUserName>\n"
        + "<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>";
    String expectedEncrypt = "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk"
        + "+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2Fql"
        + "lNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03ox"
        + "I1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkd"
        + "Q39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3";
    WeChatCrypto crypto = new WeChatCrypto(PY_KEY, PY_APP);

    String encrypted = crypto.encrypt(ascii("1234567890123456"), reply);

    assertThat(encrypted).isEqualTo(expectedEncrypt);
    assertThat(WeChatCrypto.signature(PY_TOKEN, "1411525903", "461056294", encrypted))
        .isEqualTo("407518b7649e86ef23978113f92d27afa9296533");
    assertThat(crypto.decrypt(expectedEncrypt)).isEqualTo(reply);
  }

  @Test
  void inboundMessageFromWechatpyVerifiesAndDecrypts() {
    String encrypt = "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFn"
        + "XBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z"
        + "1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2K"
        + "Od0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgW"
        + "YEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2"
        + "e8K9QaNWHp91eBdCRxthuL0=";

    assertThat(WeChatCrypto.signature(PY_TOKEN, "1411525903", "461056294", encrypt))
        .isEqualTo("74d92dfeb87ba7c714f89d98870ae5eb62dff26d");
    String plain = new WeChatCrypto(PY_KEY, PY_APP).decrypt(encrypt);
    InboundMessage message = InboundMessage.of(WeChatXml.parse(plain));
    assertThat(message.content()).isEqualTo("test");
    assertThat(message.fromUser()).isEqualTo("messense");
  }

  @Test
  void echostrSignatureMatchesWechatpy() {
    String echo = "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7"
        + "hOchLF6p+Q==";

    assertThat(WeChatCrypto.signature(PY_TOKEN, "1411443780", "437374425", echo))
        .isEqualTo("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96");
    assertThat(WeChatCrypto.signature(PY_TOKEN, "1411443780", "437374424", echo))
        .isNotEqualTo("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96");
  }

  @Test
  void envelopesMatchWxJava() {
    WeChatCrypto crypto = new WeChatCrypto(JAVA_KEY, JAVA_APP);
    String longReply = "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]>"
        + "</ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>"
        + "1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA["
        + "eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title>"
        + "<![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo"
        + "]]></Description></Video></xml>";
    String longExpected = "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1"
        + "qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbEx"
        + "OkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHi"
        + "DNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mm"
        + "a0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wt"
        + "QpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHn"
        + "gxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWt"
        + "nX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwof"
        + "Jb";

    assertThat(crypto.encrypt(ascii("aaaabbbbccccdddd"), "我是中文abcd123")).isEqualTo(
        "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
    assertThat(crypto.encrypt(ascii("aaaabbbbccccdddd"), longReply)).isEqualTo(longExpected);
    assertThat(crypto.decrypt(longExpected)).isEqualTo(longReply);
  }

  @Test
  void jsSdkSignatureMatchesWeChatsDocumentedExample() {
    String ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2"
        + "fzFy1AOcHKP7qg";

    String signature = JsSdk.sign(ticket, "Wm3WZYTPz0wzccnW", 1414587457L,
        "http://mp.weixin.qq.com?params=value");

    assertThat(signature).isEqualTo("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
  }

  @Test
  void envelopeForAnotherAppOrTamperedTextIsRefused() {
    String encrypted = new WeChatCrypto(JAVA_KEY, JAVA_APP).encrypt("hello");
    WeChatCrypto otherApp = new WeChatCrypto(JAVA_KEY, "wx0000000000000000");
    WeChatCrypto otherKey = new WeChatCrypto(PY_KEY, JAVA_APP);

    assertThatThrownBy(() -> otherApp.decrypt(encrypted))
        .isInstanceOf(WeChatCrypto.BadEnvelope.class);
    assertThatThrownBy(() -> otherKey.decrypt(encrypted))
        .isInstanceOf(WeChatCrypto.BadEnvelope.class);
    assertThatThrownBy(() -> otherKey.decrypt("not base64 at all!"))
        .isInstanceOf(WeChatCrypto.BadEnvelope.class);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
