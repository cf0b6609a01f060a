pub mod present;
