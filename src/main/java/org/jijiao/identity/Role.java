package org.jijiao.identity;

import java.util.Set;

/** The roles of DOMAIN.md. Admin roles have a scope: the organisation node they belong to. */
public enum Role {
  TEACHER, SCHOOL_ADMIN, DISTRICT_ADMIN, CITY_ADMIN, INSTITUTION_ADMIN, HR_ADMIN, SYS_ADMIN,
  COURSE_LEAD, TUTOR;

  public static final Set<Role> ADMINS = Set.of(SCHOOL_ADMIN, DISTRICT_ADMIN, CITY_ADMIN,
      INSTITUTION_ADMIN, HR_ADMIN, SYS_ADMIN);

  public static final Role[] ANY_ADMIN = ADMINS.toArray(new Role[0]);
}
