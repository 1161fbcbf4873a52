-- dispute.title is stored encrypted (enc:v1:<keyId>:<base64>, like the personal fields of the
-- document): a title of 500 characters takes up to about 2,800 once encrypted.
alter table dispute alter column title set data type varchar(4000);
