//! The browser playground's entry point (built by Trunk with the `web` feature).

fn main() {
    stsplay::web::mount();
}
