-- A customer's new ticket starts in the department that takes its type (DOMAIN.md: Tech
-- support, Sales, Projects; complaints wait for a dispatcher). The department holds its type,
-- so the routing follows its id: a department renamed by an admin keeps its new tickets.
ALTER TABLE departments ADD COLUMN default_for_type text UNIQUE CHECK (default_for_type IN ('tech', 'sales', 'project', 'complaint'));
UPDATE departments SET default_for_type = CASE name WHEN 'Tech support' THEN 'tech' WHEN 'Sales' THEN 'sales' WHEN 'Projects' THEN 'project' END;
