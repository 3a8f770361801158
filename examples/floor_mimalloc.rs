//! `floor` (see there) on mimalloc, the allocator `linkchart` uses: ron's
//! typed parse and serde_json with the same allocator as `check`, so that
//! what the allocator gains is told apart from what the load does.

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "floor.rs"]
mod floor;

fn main() -> std::process::ExitCode {
    floor::main()
}
