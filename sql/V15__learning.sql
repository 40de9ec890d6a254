-- Learning engine: play sessions as the flusher records them. A session's credited
-- seconds can be checked against its wall-clock span (last_beat_at - opened_at) times the
-- project's max playback rate; the flusher writes absolute values, so rows only grow.
create table play_session (
  id               text primary key,
  teacher_id       bigint not null references account(id),
  video_id         bigint not null references course_video(id),
  selection_id     bigint not null references selection(id),
  opened_at        timestamptz not null,
  last_beat_at     timestamptz not null,
  credited_seconds int not null default 0 check (credited_seconds >= 0),
  check (last_beat_at >= opened_at)
);
create index play_session_teacher on play_session(teacher_id, opened_at desc);
