-- The awards team's contact details, shown in the footer of every page and email.
ALTER TABLE cycles ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE cycles ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
