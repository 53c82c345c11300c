//! Rebuild when a migration or template changes, so the embedded copies stay current.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=programme");
}
