//! The commands of every RUN of a file, collected once and shared by the
//! lints (through [`crate::lints::Context::runs`]): walking the shell trees
//! and substituting variables once per file instead of once per lint.

use std::cell::OnceCell;

use super::{Command, Run};
use crate::grouped::Grouped;
use crate::model::{Model, RunCommand, Stage};

/// The RUN instructions of a file and the commands they execute, built on
/// first use.
pub struct Runs<'m> {
    model: &'m Model<'m>,
    /// The commands of each instruction (none but for RUN), with their
    /// words' variables substituted: one table, which the RUNs of
    /// [`Runs::of`] borrow from.
    commands: OnceCell<Grouped<Command<'m>>>,
    /// The RUNs of each stage.
    stages: OnceCell<Grouped<Run<'m>>>,
}

impl<'m> Runs<'m> {
    pub fn new(model: &'m Model<'m>) -> Runs<'m> {
        Runs {
            model,
            commands: OnceCell::new(),
            stages: OnceCell::new(),
        }
    }

    /// The model the commands are read from.
    pub fn model(&self) -> &'m Model<'m> {
        self.model
    }

    /// The simple commands RUN instruction `index` executes (see
    /// [`Model::run_commands`]).
    pub fn commands(&'m self, index: usize) -> impl ExactSizeIterator<Item = RunCommand<'m>> + 'm {
        self.table().get(index).iter().map(Command::run)
    }

    /// Every instruction's commands, read on first use.
    fn table(&'m self) -> &'m Grouped<Command<'m>> {
        self.commands.get_or_init(|| {
            let count = self.model.file.instructions.len();
            let mut table = Grouped::with_capacity(count, 0);
            for i in 0..count {
                let commands = self.model.run_commands(i);
                table.push(i, commands.into_iter().map(|c| Command::new(self.model, c)));
            }
            table.finish(count)
        })
    }

    /// The commands the RUN instructions of `stage` execute (not those of
    /// the stages it builds on).
    pub fn commands_in(&'m self, stage: &'m Stage) -> impl Iterator<Item = RunCommand<'m>> + 'm {
        stage.body.iter().flat_map(|&i| self.commands(i))
    }

    /// The commands that ran to build `stage`: those of the stages it
    /// builds on first, then its own.
    pub fn commands_in_chain(
        &'m self,
        stage: &'m Stage,
    ) -> impl Iterator<Item = RunCommand<'m>> + 'm {
        self.model
            .chain(stage)
            .into_iter()
            .rev()
            .flat_map(|s| self.commands_in(s))
    }

    /// The commands that ran to build the final image.
    pub fn final_image_commands(&'m self) -> impl Iterator<Item = RunCommand<'m>> + 'm {
        self.model
            .final_stage()
            .into_iter()
            .flat_map(|s| self.commands_in_chain(s))
    }

    /// The RUN instructions of one stage (not the stages it builds on).
    pub fn of(&'m self, stage: &Stage) -> &'m [Run<'m>] {
        let table = self.stages.get_or_init(|| {
            let commands = self.table();
            let stages = &self.model.stages;
            let mut runs = Grouped::with_capacity(stages.len(), 0);
            for stage in stages {
                let of_stage = stage
                    .body
                    .iter()
                    .filter(|&&index| !self.model.run_scripts(index).is_empty())
                    .map(|&index| Run {
                        stage,
                        index,
                        instruction: self.model.instruction(index),
                        commands: commands.get(index),
                    });
                runs.push(stage.index, of_stage);
            }
            runs.finish(stages.len())
        });
        table.get(stage.index)
    }

    /// The RUN instructions that built `stage`: those of the stages it
    /// builds on first, then its own. The one loop over "what ran in this
    /// image".
    pub fn chain(&'m self, stage: &'m Stage) -> Vec<&'m Run<'m>> {
        self.model
            .chain(stage)
            .into_iter()
            .rev()
            .flat_map(|s| self.of(s))
            .collect()
    }

    /// The RUN instructions that built the final image (see [`Runs::chain`]).
    pub fn final_image(&'m self) -> Vec<&'m Run<'m>> {
        self.model
            .final_stage()
            .map(|last| self.chain(last))
            .unwrap_or_default()
    }
}
