use std::path::Path;

#[derive(clap::Args)]
pub struct AskArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// The question; without it, one question per stdin line.
    pub question: Option<String>,
}

pub fn run(_knowledge: &Path, _args: AskArgs) -> anyhow::Result<()> {
    anyhow::bail!("ask: not built yet")
}
