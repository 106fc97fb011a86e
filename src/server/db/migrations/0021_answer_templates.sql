-- Answer templates: the hotline's agreed wording for frequent inquiries (咨询), offered at intake by
-- category and by the words of the request, inserted into the answer and then edited by the agent.
-- Each edit makes a new version; every version is kept in answer_template_versions, so what an
-- agent was offered on a given day can be read back.
create table answer_templates (
  id          serial primary key,
  title       text not null check (length(title) between 1 and 100),
  body        text not null check (length(body) between 1 and 2000),
  -- category codes the template answers; a code covers its sub-categories ('15' covers '15.01.03')
  categories  text[] not null default '{}',
  active      boolean not null default true,
  version     int not null default 1,
  updated_at  timestamptz not null,
  updated_by  int references users(id)
);

create table answer_template_versions (
  template_id int not null references answer_templates(id) on delete cascade,
  version     int not null,
  title       text not null,
  body        text not null,
  categories  text[] not null,
  active      boolean not null,
  changed_at  timestamptz not null,
  changed_by  int references users(id),
  primary key (template_id, version)
);
