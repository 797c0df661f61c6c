$ ScenarioWizard 3.0
Solution set
 2 

" 3 1 1 2 1 3 3 1",0,0,0,33,""
" 2 1 2 2 2 2 1 2",0,0,0,7,""
