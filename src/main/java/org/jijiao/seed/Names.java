package org.jijiao.seed;

import java.util.Random;

/**
 * Made-up Chinese names in realistic shapes: mostly one-character surnames with one or two
 * given characters, a few minority names with the middle dot (·), and now and then a rare
 * character outside the Basic Multilingual Plane, so every page and export meets them.
 */
final class Names {

  private static final String SURNAMES =
      "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
  private static final String GIVEN =
      "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红玲建国文辉晓梅志宏丹颖雪琳雅婷佳鑫宇浩然欣怡思远博涵诗语子轩梓萱嘉怡晨阳春燕海燕凤英丽娟淑珍立新卫东永刚";
  private static final String[] MINORITY = {
      "阿依古丽·买买提", "热依拉·艾力", "巴特尔·朝鲁", "乌兰·其其格", "努尔兰·哈力克",
      "斯琴·高娃", "阿卜杜·热合曼"};
  private static final String RARE = "𠇔";

  private Names() {
  }

  static String next(Random random) {
    int roll = random.nextInt(1000);
    if (roll < 4) {
      return MINORITY[random.nextInt(MINORITY.length)];
    }
    StringBuilder name = new StringBuilder();
    name.append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
    if (roll == 4) {
      return name.append(RARE).toString();
    }
    name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
    if (random.nextInt(10) < 7) {
      name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
    }
    return name.toString();
  }
}
