package org.jijiao.testing;

/** Demo ID numbers (see DemoAccounts), for readable tests. */
public final class Demo {

  public static final String TEACHER = "220102198503120019";
  public static final String SCHOOL_ADMIN = "220102197806150018";
  public static final String DISTRICT_ADMIN = "220102197509010019";
  public static final String CITY_ADMIN = "220100197202020017";
  public static final String INSTITUTION_ADMIN = "220100198011030014";
  public static final String HR_ADMIN = "220100197604040010";
  public static final String SYS_ADMIN = "220100198307050014";
  public static final String COURSE_LEAD = "220100197908060010";
  public static final String TUTOR = "220100196910070010";

  private Demo() {
  }
}
