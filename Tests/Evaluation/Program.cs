using Switchboard.Evaluation.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await EvaluationCli.RunAsync(args, Console.Out, cancel.Token);
