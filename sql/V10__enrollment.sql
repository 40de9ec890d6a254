-- Courses, training projects, enrollment and selection (versions V10-V14 are reserved for
-- this capability). The tables themselves came with the foundation; this adds what the
-- approval step and the admin lists need.

-- The school admin's decision on an enrollment that needs approval.
alter table enrollment
  add column decided_by       bigint references account(id),
  add column decided_at       timestamptz,
  add column decision_comment text;

create index enrollment_project_status on enrollment(project_id, status);
create index enrollment_org on enrollment(org_id);

-- "Which projects use this course and how often it is chosen there."
create index selection_course on selection(course_id);

create index training_project_owner on training_project(owner_org_id);
create index training_project_year on training_project(year);

-- usage_count is kept in step with project_course by the offer update (same transaction);
-- this puts any earlier drift right once.
update course c
   set usage_count = (select count(*) from project_course pc where pc.course_id = c.id);
