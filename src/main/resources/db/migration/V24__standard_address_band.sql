-- The position lookup by bands of latitude (on plain B-trees, the same on H2 and
-- PostgreSQL; jurisdiction.standard.StandardAddressBook.near). The index on (generation, latitude,
-- longitude) read every address in the box's band of latitude across the whole county (tens of
-- thousands at a county's millions, for the hundred or two in the box); with a band number of 0.002
-- degrees (about 222 m) before the longitude, each of the three or four bands of a box is read over the
-- box's longitudes only.
alter table std_address add column lat_band integer;
update std_address set lat_band = floor(latitude * 500) where latitude is not null;
drop index ix_std_address_position;
create index ix_std_address_position on std_address (generation, lat_band, longitude);
