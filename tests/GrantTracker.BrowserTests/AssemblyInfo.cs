// The journeys share two cores with their app servers and browsers: run the collections one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
