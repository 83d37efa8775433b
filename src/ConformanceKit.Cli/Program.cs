using ConformanceKit.Cli.Commands;

return await CommandLine.RunAsync(args);
