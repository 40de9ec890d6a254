-- A teacher earns online-course credits for a course once, whichever project offered it:
-- the same viewing must not count twice when two projects offer the same course.
-- (The recommendations also leave such a course out; this is the guarantee.)
create unique index credit_entry_online_once_per_course
  on credit_entry(teacher_id, course_id) where source = 'ONLINE_COURSE';
