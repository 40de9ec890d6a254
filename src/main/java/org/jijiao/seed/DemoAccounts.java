package org.jijiao.seed;

import java.util.List;

/**
 * The demo accounts printed by {@code ./jijiao up} and listed in the README, one per role.
 * Their ID numbers are made up but checksum-valid. Teacher and school admin work at the
 * first primary school of 南关区; the district admin in 南关区; the rest at city level.
 */
public final class DemoAccounts {

  public record Demo(long id, String role, String idNumber, String name, String level) {
  }

  public static final List<Demo> ALL = List.of(
      new Demo(1, "TEACHER", "220102198503120019", "王晓梅", "SCHOOL"),
      new Demo(2, "SCHOOL_ADMIN", "220102197806150018", "李建国", "SCHOOL"),
      new Demo(3, "DISTRICT_ADMIN", "220102197509010019", "张志强", "DISTRICT"),
      new Demo(4, "CITY_ADMIN", "220100197202020017", "刘德明", "CITY"),
      new Demo(5, "INSTITUTION_ADMIN", "220100198011030014", "陈静", "CITY"),
      new Demo(6, "HR_ADMIN", "220100197604040010", "赵丽华", "CITY"),
      new Demo(7, "SYS_ADMIN", "220100198307050014", "孙浩", "CITY"),
      new Demo(8, "COURSE_LEAD", "220100197908060010", "周文博", "CITY"),
      new Demo(9, "TUTOR", "220100196910070010", "吴雅琴", "CITY"));

  private DemoAccounts() {
  }

  public static Demo byRole(String role) {
    return ALL.stream().filter(d -> d.role().equals(role)).findFirst().orElseThrow();
  }
}
