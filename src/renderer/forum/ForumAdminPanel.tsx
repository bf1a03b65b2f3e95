/**
 * Admins only (the server refuses others): the forum's categories (new, rename, archive or
 * restore) and the per-user posting limit. Other roles see nothing of it.
 */
import { useState, type FormEvent } from 'react';
import type { ForumCategory, ForumSettings } from '../../shared/forum/forum';
import { mayTakeAction } from '../../shared/tickets/permissions';
import { runTicketAction } from '../api/useTicketAction';
import { useMe } from '../api/reads';

function CategoryRow({ c }: { c: ForumCategory }) {
  const [name, setName] = useState(c.name);
  const [description, setDescription] = useState(c.description);
  const changed = name.trim() !== c.name || description.trim() !== c.description;
  const save = (e: FormEvent) => {
    e.preventDefault();
    void runTicketAction('forumCategory.update', { categoryId: c.id, name: name.trim(), description: description.trim() });
  };
  return (
    <li>
      <form className="name-form" aria-label={`Category ${c.name}`} onSubmit={save}>
        <label>Name <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} /></label>
        <label>Description <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} /></label>
        <button type="submit" disabled={!changed}>Save</button>
        <button type="button" onClick={() => void runTicketAction('forumCategory.setArchived', { categoryId: c.id, archived: !c.archived })}>{c.archived ? 'Restore' : 'Archive'}</button>
      </form>
    </li>
  );
}

export function ForumAdminPanel({ categories, settings }: { categories: ForumCategory[]; settings: ForumSettings }) {
  const role = useMe().role;
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [limit, setLimit] = useState(String(settings.postsPerHour));
  if (!mayTakeAction(role, 'manage_forum')) return null;
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (await runTicketAction('forumCategory.create', { name: name.trim(), description: description.trim() })) {
      setName('');
      setDescription('');
    }
  };
  const saveLimit = (e: FormEvent) => {
    e.preventDefault();
    void runTicketAction('forum.setSettings', { postsPerHour: Number(limit) });
  };
  return (
    <section className="forum-admin" aria-labelledby="forum-admin-title">
      <h2 id="forum-admin-title">Categories and posting limit</h2>
      <ul className="forum-admin-categories">
        {categories.map((c) => <CategoryRow key={`${c.id}:${c.name}:${c.description}`} c={c} />)}
      </ul>
      <form className="name-form" aria-label="New forum category" onSubmit={(e) => void add(e)}>
        <label>Name <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} /></label>
        <label>Description <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} /></label>
        <button type="submit" className="primary" disabled={!name.trim()}>Add category</button>
      </form>
      <form className="name-form" aria-label="Posting limit" onSubmit={saveLimit}>
        <label>Posts per customer per hour <input inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} size={5} /></label>
        <button type="submit" disabled={limit === String(settings.postsPerHour)}>Save limit</button>
      </form>
    </section>
  );
}
