pub mod mapfile;
