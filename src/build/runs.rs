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
        // Only the instructions of a stage have commands.
        let stage = self.model.stage_of(index).map_or(0, |s| s.index);
        let commands = self.table().get(index).iter();
        commands.map(move |c| c.run(index, stage))
    }

    /// Every instruction's commands, read on first use: counted first, so
    /// the table is allocated once at its exact size (grown by doubling, it
    /// kept up to half its size spare and, while moved, both blocks).
    fn table(&'m self) -> &'m Grouped<Command<'m>> {
        self.commands.get_or_init(|| {
            let model = self.model;
            let count = model.file.instructions.len();
            let total = (0..count).map(|i| model.run_command_count(i)).sum();
            let mut table = Grouped::with_capacity(count, total);
            for i in 0..count {
                let commands = model.run_commands(i);
                table.push(i, commands.into_iter().map(|c| Command::new(model, c)));
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
            let model = self.model;
            let stages = &model.stages;
            let is_run = |index: &&usize| !model.run_scripts(**index).is_empty();
            let total = stages.iter().map(|s| s.body.iter().filter(is_run).count());
            let mut runs = Grouped::with_capacity(stages.len(), total.sum());
            for stage in stages {
                let of_stage = stage.body.iter().filter(is_run).map(|&index| Run {
                    stage,
                    index,
                    instruction: model.instruction(index),
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
